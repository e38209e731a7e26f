// SPDX-License-Identifier: GPL-2.0
/*
 * The character devices, /dev/nvmeN for controllers and /dev/ngNnM for
 * namespaces, and the device classes.
 *
 * nvme-cli and libnvme look for the classes "nvme" and "nvme-subsystem".
 * The in-tree nvme_core registers those names too, and only one module can
 * own them: cnvme takes them when it is alone (the default, names=auto),
 * and otherwise uses its own ("cnvme", "cnvme-subsystem", devices cnvme0,
 * cnvme0n1), so both drivers can serve devices side by side. While cnvme
 * holds the in-tree names, nvme_core cannot load; names=cnvme avoids that.
 */
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/namei.h>

#include "cnvme.h"
#include "compat.h"

#define CNV_MAX_CTRLS BIT(MINORBITS)

static char *names = "auto";
module_param(names, charp, 0444);
MODULE_PARM_DESC(names, "auto (default): in-tree names unless nvme_core holds them; nvme: in-tree names; cnvme: cnvme's own names");

struct cnv_names cnv_names;
struct class *cnv_ctrl_class;
struct class *cnv_subsys_class;
struct class *cnv_generic_class;
static dev_t cnv_ctrl_base;
static dev_t cnv_generic_base;
static DEFINE_IDA(cnv_generic_minors);

static const struct cnv_names cnv_intree_names = {
	.ctrl_class = "nvme",
	.subsys_class = "nvme-subsystem",
	.generic_class = "nvme-generic",
	.prefix = "nvme",
	.generic_prefix = "ng",
};

static const struct cnv_names cnv_own_names = {
	.ctrl_class = "cnvme",
	.subsys_class = "cnvme-subsystem",
	.generic_class = "cnvme-generic",
	.prefix = "cnvme",
	.generic_prefix = "cng",
};

/* Whether another module (nvme_core) already registered the class "nvme". */
static bool cnv_intree_class_exists(void)
{
	struct path path;

	if (kern_path("/sys/class/nvme", LOOKUP_FOLLOW, &path))
		return false;
	path_put(&path);
	return true;
}

static int cnv_pick_names(void)
{
	if (!strcmp(names, "nvme"))
		cnv_names = cnv_intree_names;
	else if (!strcmp(names, "cnvme"))
		cnv_names = cnv_own_names;
	else if (!strcmp(names, "auto"))
		cnv_names = cnv_intree_class_exists() ? cnv_own_names : cnv_intree_names;
	else
		return -EINVAL;
	if (cnv_names.prefix == cnv_intree_names.prefix)
		pr_info("cnvme: using the in-tree names (nvme, nvme-subsystem); nvme_core cannot load until cnvme is unloaded (load cnvme with names=cnvme to keep it loadable)\n");
	else
		pr_info("cnvme: using its own names (cnvme, cnvme-subsystem, /dev/cnvmeN)\n");
	return 0;
}

static int cnv_ctrl_open(struct inode *inode, struct file *file)
{
	struct cnv_ctrl *ctrl = container_of(inode->i_cdev, struct cnv_ctrl, cdev);

	get_device(&ctrl->device);
	file->private_data = ctrl;
	return 0;
}

static int cnv_ctrl_release(struct inode *inode, struct file *file)
{
	cnv_ctrl_put(file->private_data);
	return 0;
}

static long cnv_ctrl_unlocked_ioctl(struct file *file, unsigned int cmd,
				    unsigned long arg)
{
	struct cnv_user_access access = { .write = file->f_mode & FMODE_WRITE };

	return cnv_ctrl_ioctl(file->private_data, cmd, (void __user *)arg, &access);
}

static int cnv_ctrl_uring_cmd(struct io_uring_cmd *ioucmd, unsigned int issue_flags)
{
	return cnv_uring_cmd(ioucmd->file->private_data, NULL, ioucmd, issue_flags);
}

static const struct file_operations cnv_ctrl_fops = {
	.owner = THIS_MODULE,
	.open = cnv_ctrl_open,
	.release = cnv_ctrl_release,
	.unlocked_ioctl = cnv_ctrl_unlocked_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.uring_cmd = cnv_ctrl_uring_cmd,
};

/**
 * cnv_ctrl_device_init() - set up /dev/nvmeN for a new controller
 * @ctrl: controller with its instance number
 * @release: frees the controller when its last reference goes
 *
 * After this the controller is refcounted through its device.
 *
 * Return: 0 or a negative errno.
 */
int cnv_ctrl_device_init(struct cnv_ctrl *ctrl, void (*release)(struct device *dev))
{
	device_initialize(&ctrl->device);
	ctrl->device.devt = MKDEV(MAJOR(cnv_ctrl_base), ctrl->instance);
	ctrl->device.class = cnv_ctrl_class;
	ctrl->device.parent = ctrl->dev;
	ctrl->device.groups = cnv_ctrl_attr_groups;
	ctrl->device.release = release;
	dev_set_drvdata(&ctrl->device, ctrl);
	cdev_init(&ctrl->cdev, &cnv_ctrl_fops);
	ctrl->cdev.owner = THIS_MODULE;
	return dev_set_name(&ctrl->device, "%s%d", cnv_names.prefix, ctrl->instance);
}

/**
 * cnv_ctrl_device_add() - make /dev/nvmeN and its sysfs directory appear
 * @ctrl: controller
 *
 * Return: 0 or a negative errno.
 */
int cnv_ctrl_device_add(struct cnv_ctrl *ctrl)
{
	return cdev_device_add(&ctrl->cdev, &ctrl->device);
}

/**
 * cnv_ctrl_device_del() - remove /dev/nvmeN; open files keep the controller
 * @ctrl: controller being removed
 */
void cnv_ctrl_device_del(struct cnv_ctrl *ctrl)
{
	cdev_device_del(&ctrl->cdev, &ctrl->device);
}

/*
 * The generic namespace node ngNnM: the namespace's ioctls without a block
 * device, so namespaces the block layer cannot serve are still reachable.
 */
static int cnv_generic_open(struct inode *inode, struct file *file)
{
	struct cnv_ns *ns = container_of(inode->i_cdev, struct cnv_ns, generic_cdev);

	file->private_data = ns;
	return 0;
}

static long cnv_generic_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct cnv_user_access access = { .write = file->f_mode & FMODE_WRITE };

	return cnv_ns_ioctl(file->private_data, cmd, (void __user *)arg, &access);
}

static int cnv_generic_uring_cmd(struct io_uring_cmd *ioucmd, unsigned int issue_flags)
{
	struct cnv_ns *ns = ioucmd->file->private_data;

	return cnv_uring_cmd(ns->ctrl, ns, ioucmd, issue_flags);
}

static int cnv_generic_uring_cmd_iopoll(struct io_uring_cmd *ioucmd, struct io_comp_batch *iob,
					unsigned int poll_flags)
{
	return cnv_uring_iopoll(ioucmd->file->private_data, ioucmd, iob);
}

static const struct file_operations cnv_generic_fops = {
	.owner = THIS_MODULE,
	.open = cnv_generic_open,
	.unlocked_ioctl = cnv_generic_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.uring_cmd = cnv_generic_uring_cmd,
	.uring_cmd_iopoll = cnv_generic_uring_cmd_iopoll,
};

/* Last user of the node gone: give back the minor and the disk. */
static void cnv_generic_release(struct device *dev)
{
	struct cnv_ns *ns = container_of(dev, struct cnv_ns, generic_device);

	ida_free(&cnv_generic_minors, MINOR(dev->devt));
	put_device(disk_to_dev(ns->disk));
}

/**
 * cnv_ns_generic_add() - create /dev/ngNnM for a namespace whose disk is added
 * @ns: namespace
 *
 * Return: 0 or a negative errno.
 */
int cnv_ns_generic_add(struct cnv_ns *ns)
{
	struct device *dev = &ns->generic_device;
	int minor, ret;

	minor = ida_alloc_max(&cnv_generic_minors, MINORMASK, GFP_KERNEL);
	if (minor < 0)
		return minor;
	device_initialize(dev);
	dev->devt = MKDEV(MAJOR(cnv_generic_base), minor);
	dev->class = cnv_generic_class;
	dev->parent = &ns->ctrl->device;
	dev->release = cnv_generic_release;
	/* The namespace lives as long as its disk: pin the disk. */
	get_device(disk_to_dev(ns->disk));
	cdev_init(&ns->generic_cdev, &cnv_generic_fops);
	ns->generic_cdev.owner = THIS_MODULE;
	ret = dev_set_name(dev, "%s%dn%d", cnv_names.generic_prefix,
			   ns->ctrl->instance, ns->instance);
	if (!ret)
		ret = cdev_device_add(&ns->generic_cdev, dev);
	if (ret) {
		put_device(dev);
		return ret;
	}
	ns->generic_added = true;
	return 0;
}

/**
 * cnv_ns_generic_del() - remove /dev/ngNnM; open files keep the namespace
 * @ns: namespace being deleted
 */
void cnv_ns_generic_del(struct cnv_ns *ns)
{
	if (!ns->generic_added)
		return;
	cdev_device_del(&ns->generic_cdev, &ns->generic_device);
	put_device(&ns->generic_device);
	ns->generic_added = false;
}

/**
 * cnv_chardev_init() - choose names, register the classes and device numbers
 *
 * Return: 0 or a negative errno.
 */
int cnv_chardev_init(void)
{
	int ret;

	ret = cnv_pick_names();
	if (ret)
		return ret;
	ret = alloc_chrdev_region(&cnv_ctrl_base, 0, CNV_MAX_CTRLS, cnv_names.prefix);
	if (ret)
		return ret;
	cnv_ctrl_class = cnv_class_create(cnv_names.ctrl_class);
	if (IS_ERR(cnv_ctrl_class)) {
		ret = PTR_ERR(cnv_ctrl_class);
		goto unregister_region;
	}
	cnv_subsys_class = cnv_class_create(cnv_names.subsys_class);
	if (IS_ERR(cnv_subsys_class)) {
		ret = PTR_ERR(cnv_subsys_class);
		goto destroy_ctrl_class;
	}
	ret = alloc_chrdev_region(&cnv_generic_base, 0, CNV_MAX_CTRLS, cnv_names.generic_class);
	if (ret)
		goto destroy_subsys_class;
	cnv_generic_class = cnv_class_create(cnv_names.generic_class);
	if (IS_ERR(cnv_generic_class)) {
		ret = PTR_ERR(cnv_generic_class);
		goto unregister_generic_region;
	}
	return 0;

unregister_generic_region:
	unregister_chrdev_region(cnv_generic_base, CNV_MAX_CTRLS);
destroy_subsys_class:
	class_destroy(cnv_subsys_class);
destroy_ctrl_class:
	class_destroy(cnv_ctrl_class);
unregister_region:
	unregister_chrdev_region(cnv_ctrl_base, CNV_MAX_CTRLS);
	return ret;
}

void cnv_chardev_exit(void)
{
	class_destroy(cnv_generic_class);
	unregister_chrdev_region(cnv_generic_base, CNV_MAX_CTRLS);
	class_destroy(cnv_subsys_class);
	class_destroy(cnv_ctrl_class);
	unregister_chrdev_region(cnv_ctrl_base, CNV_MAX_CTRLS);
}
